import { IsEmail, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

/** The app-template's CreateUserDto rules, for the peers that validate with class-validator. */
export class CreateUserDto {
  @IsString()
  @Length(1, 50)
  name: string;

  @IsInt()
  @Min(0)
  @Max(150)
  age: number;

  @IsOptional()
  @IsEmail()
  email?: string;
}
