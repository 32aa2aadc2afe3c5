import { IsEmail, IsInt, IsOptional, IsString, Length, Max, Min } from 'wick/validation';

export class CreateUserDto {
  @IsString()
  @Length(1, 50)
  name!: string;

  @IsInt()
  @Min(0)
  @Max(150)
  age!: number;

  @IsOptional()
  @IsEmail()
  email?: string;
}
